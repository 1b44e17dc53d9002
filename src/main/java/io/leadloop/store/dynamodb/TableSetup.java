package io.leadloop.store.dynamodb;

import java.time.LocalDate;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * Creates the table as template.yaml declares it, for the local runner and the tests. A table created here is
 * written by this version from its first event, so its week roll-ups are complete from the start.
 */
public final class TableSetup {
    private TableSetup() {}

    public static void createIfMissing(DynamoDbClient dynamo, String table) {
        try {
            dynamo.createTable(r -> r.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            a -> a.attributeName(Keys.PK).attributeType(ScalarAttributeType.S),
                            a -> a.attributeName(Keys.SK).attributeType(ScalarAttributeType.S))
                    .keySchema(
                            k -> k.attributeName(Keys.PK).keyType(KeyType.HASH),
                            k -> k.attributeName(Keys.SK).keyType(KeyType.RANGE)));
            DynamoCounterHistory.recordWeekRollupsFrom(dynamo, table, LocalDate.EPOCH);
        } catch (ResourceInUseException alreadyThere) {
            // Idempotent by design: the local runner re-uses its data directory across runs.
        }
    }
}
