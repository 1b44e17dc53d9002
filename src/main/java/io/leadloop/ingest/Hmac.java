package io.leadloop.ingest;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256, plain SHA-256 and the constant-time comparison every sender check and delivery id uses. */
public final class Hmac {
    private Hmac() {}

    public static byte[] sha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] part : parts) mac.update(part);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }

    public static byte[] digest(byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (byte[] part : parts) digest.update(part);
            return digest.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is unavailable in this JVM", e);
        }
    }

    /** A stable delivery id from content: a redelivery of the same content maps to the same stored delivery. */
    public static String digestHex(byte[] content) {
        return java.util.HexFormat.of().formatHex(digest(content));
    }

    public static boolean equal(byte[] expected, byte[] offered) {
        return offered != null && MessageDigest.isEqual(expected, offered);
    }
}
