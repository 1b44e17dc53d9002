package io.leadloop.bench;

import io.leadloop.json.Json;
import io.leadloop.lambda.ReportFunction;
import io.leadloop.lambda.ReportHandler;
import io.leadloop.lambda.SnapStartService;
import io.leadloop.lambda.Wiring;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A fresh report "container": {@link ReportHandler} built with its no-arg constructor, then invoked once with the
 * scheduler's input (events/scheduled-report.json plus {@code "resend": true}, so that every run really builds and
 * sends instead of answering "already sent"). It returns once SES (the emulator) accepted the email(s). With a
 * second argument {@code primed}, the SnapStart hooks run between construction and the invocation
 * ({@link SnapStartProxy}).
 */
public final class ColdReport {

    @SuppressWarnings("unchecked")
    public static void main(String[] args) throws Exception {
        long main = System.nanoTime();
        SnapStartService<ReportFunction> function = Wiring.reportFunction();
        ReportHandler handler = new ReportHandler(function); // what new ReportHandler() does, with the hooks in reach
        long init = System.nanoTime();
        String hooks = SnapStartProxy.hooks(function, args, init);
        Map<String, Object> input = (Map<String, Object>) Json.parse(Files.readString(Path.of(args[0])));
        Map<String, Object> out = handler.handleRequest(input, null);
        long done = System.nanoTime();
        int sent = sent(out);
        System.out.println("BENCH-DONE main=" + main + " init=" + init + hooks + " done=" + done + " status=" + (sent > 0 ? 200 : 500)
                + " sent=" + sent);
        if (sent == 0) System.out.println("BENCH-BODY " + out);
        System.out.flush();
        System.exit(sent > 0 ? 0 : 1);
    }

    /** How many reports an invocation sent (one per audience), from the handler's answer. */
    @SuppressWarnings("unchecked")
    static int sent(Map<String, Object> out) {
        if (out.get("reports") instanceof List<?> reports) {
            int n = 0;
            for (Object r : reports) {
                Object status = ((Map<String, Object>) r).get("status");
                if ("sent".equals(status) || "resent".equals(status)) n++;
            }
            return n;
        }
        return out.get("message_id") != null ? 1 : 0; // the handler before audiences answered with one message_id
    }
}
