package io.leadloop.testing;

import io.leadloop.testing.IamPolicy.Request;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;

/**
 * Records every SDK call the deployed functions' code makes, with the IAM authorizations AWS makes for it (which
 * are not always the operation's name: a transaction is authorized item by item, a raw SES v2 send as
 * {@code ses:SendRawEmail}). Registered for every SDK client of the test JVM through the SDK's global interceptor
 * file (src/test/resources/software/amazon/awssdk/global/handlers/execution.interceptors); it records only inside
 * {@link #during}. A call is attributed to the function whose entry point is on the calling thread's stack;
 * calls of the tests' own setup, and of SnapStart rehearsals (which never leave the process), are not recorded.
 */
public final class AwsCalls implements ExecutionInterceptor {

    public static final String WEBHOOK_FUNCTION = "WebhookFunction";
    public static final String REPORT_FUNCTION = "ReportFunction";
    public static final String BACKFILL_FUNCTION = "BackfillFunction";

    /** One SDK call: which function made it, the operation, and what IAM checks for it. */
    public record Call(String function, String operation, List<Request> authorizations) {}

    private static final Map<String, String> ENTRY_POINTS = Map.of(
            "io.leadloop.lambda.WebhookHandler", WEBHOOK_FUNCTION,
            "io.leadloop.ingest.IngestService", WEBHOOK_FUNCTION,
            "io.leadloop.lambda.ReportHandler", REPORT_FUNCTION,
            "io.leadloop.report.ReportService", REPORT_FUNCTION,
            "io.leadloop.report.ReportDelivery", REPORT_FUNCTION,
            "io.leadloop.lambda.BackfillHandler", BACKFILL_FUNCTION);
    private static final String REHEARSAL = "io.leadloop.lambda.Rehearsal";
    private static final Pattern ANGLE_ADDRESS = Pattern.compile("<([^>]+)>");

    private static final Queue<Call> RECORDED = new ConcurrentLinkedQueue<>();
    private static volatile boolean recording;

    /** Runs {@code work} and returns the calls the functions' code made meanwhile, on any thread. */
    public static synchronized List<Call> during(Runnable work) {
        RECORDED.clear();
        recording = true;
        try {
            work.run();
        } finally {
            recording = false;
        }
        return List.copyOf(RECORDED);
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!recording) return;
        caller().ifPresent(function -> RECORDED.add(new Call(function,
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME) + "." + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                authorizations(context.request()))));
    }

    private static Optional<String> caller() {
        List<String> classes = StackWalker.getInstance().walk(frames -> frames.map(StackWalker.StackFrame::getClassName).toList());
        if (classes.contains(REHEARSAL)) return Optional.empty();
        return classes.stream().filter(ENTRY_POINTS::containsKey).map(ENTRY_POINTS::get).findFirst();
    }

    /**
     * Every table the tests create stands for the stack's one table: both functions get it as LEADLOOP_TABLE
     * ({@code !Ref FunnelTable}, which PermissionsTest checks).
     */
    private static String table(String name, String index) {
        return "arn:aws:dynamodb:" + Template.REGION + ":" + Template.ACCOUNT + ":table/" + Template.physicalName("FunnelTable")
                + (index == null ? "" : "/index/" + index);
    }

    private static Request dynamo(String action, String tableName) {
        return new Request("dynamodb:" + action, table(tableName, null), Map.of());
    }

    static List<Request> authorizations(SdkRequest request) {
        List<Request> out = new ArrayList<>();
        if (request instanceof GetItemRequest r) out.add(dynamo("GetItem", r.tableName()));
        else if (request instanceof PutItemRequest r) out.add(dynamo("PutItem", r.tableName()));
        else if (request instanceof UpdateItemRequest r) out.add(dynamo("UpdateItem", r.tableName()));
        else if (request instanceof DeleteItemRequest r) out.add(dynamo("DeleteItem", r.tableName()));
        else if (request instanceof QueryRequest r) out.add(new Request("dynamodb:Query", table(r.tableName(), r.indexName()), Map.of()));
        else if (request instanceof ScanRequest r) out.add(new Request("dynamodb:Scan", table(r.tableName(), r.indexName()), Map.of()));
        else if (request instanceof BatchGetItemRequest r) r.requestItems().keySet().forEach(t -> out.add(dynamo("BatchGetItem", t)));
        else if (request instanceof BatchWriteItemRequest r) r.requestItems().keySet().forEach(t -> out.add(dynamo("BatchWriteItem", t)));
        else if (request instanceof TransactWriteItemsRequest r) {
            // "Permissions for Put, Update, Delete ... are governed by the underlying PutItem, UpdateItem, DeleteItem;
            // for the ConditionCheck action, dynamodb:ConditionCheckItem" (DynamoDB developer guide, IAM with transactions).
            for (TransactWriteItem item : r.transactItems()) {
                if (item.put() != null) out.add(dynamo("PutItem", item.put().tableName()));
                if (item.update() != null) out.add(dynamo("UpdateItem", item.update().tableName()));
                if (item.delete() != null) out.add(dynamo("DeleteItem", item.delete().tableName()));
                if (item.conditionCheck() != null) out.add(dynamo("ConditionCheckItem", item.conditionCheck().tableName()));
            }
        } else if (request instanceof SendEmailRequest r) {
            String from = r.fromEmailAddress() != null ? r.fromEmailAddress() : fromHeader(r.content().raw().data().asByteArray());
            String identity = "arn:aws:ses:" + Template.REGION + ":" + Template.ACCOUNT + ":identity/" + from;
            Map<String, String> context = Map.of("ses:FromAddress", from);
            out.add(new Request("ses:SendEmail", identity, context));
            // SES v2 authorizes a Raw send as the v1 action too: AccessDenied names ses:SendRawEmail for SendEmail.
            if (r.content().raw() != null) out.add(new Request("ses:SendRawEmail", identity, context));
            if (r.content().template() != null) out.add(new Request("ses:SendTemplatedEmail", identity, context));
        } else {
            // Unknown to this recorder: no policy grants it, so the test names it and this method gets its rule.
            out.add(new Request("unmodelled:" + request.getClass().getSimpleName(), "*", Map.of()));
        }
        return out;
    }

    /** The address of a MIME message's From header (what ses:FromAddress is for a raw send). */
    static String fromHeader(byte[] mime) {
        String text = new String(mime, StandardCharsets.ISO_8859_1);
        String headers = text.substring(0, Math.max(0, text.indexOf("\r\n\r\n"))).replaceAll("\r\n[ \t]+", " ");
        for (String line : headers.split("\r\n")) {
            if (line.regionMatches(true, 0, "From:", 0, 5)) {
                String value = line.substring(5).strip();
                Matcher m = ANGLE_ADDRESS.matcher(value);
                return m.find() ? m.group(1) : value;
            }
        }
        throw new IllegalArgumentException("the raw message has no From header");
    }
}
