package io.leadloop.config;

import software.amazon.awssdk.services.ssm.SsmClient;

/** Reads SecureString parameters; the client is built only if a setting names a parameter. */
final class ParameterStore {
    private ParameterStore() {}

    private static final class Holder {
        static final SsmClient SSM = AwsClients.ssm();
    }

    static String read(String name) {
        return Holder.SSM.getParameter(r -> r.name(name).withDecryption(true)).parameter().value();
    }
}
