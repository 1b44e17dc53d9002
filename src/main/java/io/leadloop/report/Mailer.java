package io.leadloop.report;

import java.util.List;
import software.amazon.awssdk.services.sesv2.SesV2Client;

/** Sends rendered reports through Amazon SES v2. */
public final class Mailer {

    private final SesV2Client ses;

    public Mailer(SesV2Client ses) {
        this.ses = ses;
    }

    /** Returns SES's message id. */
    public String send(String from, List<String> to, Email email) {
        return ses.sendEmail(r -> r
                .fromEmailAddress(from)
                .destination(d -> d.toAddresses(to))
                .content(c -> c.simple(m -> m
                        .subject(s -> s.data(email.subject()).charset("UTF-8"))
                        .body(b -> b
                                .html(h -> h.data(email.html()).charset("UTF-8"))
                                .text(t -> t.data(email.text()).charset("UTF-8"))))))
                .messageId();
    }
}
