package io.leadloop.bench;

import io.leadloop.local.LocalMain;

/** The public local test secrets (README), as compile-time constants so the children need no io.leadloop.local class. */
final class BenchSecrets {
    private BenchSecrets() {}

    static final String GENERIC = LocalMain.TEST_GENERIC_SECRET;

    /**
     * Stand-ins for the role credentials Lambda puts in the environment. The key id must be "local", the one
     * AwsClients uses for local engines: DynamoDB Local (without -sharedDb) keeps one database per key id and region.
     */
    static final String ACCESS_KEY_ID = "local";
    static final String SECRET_ACCESS_KEY = "local";
    static final String SESSION_TOKEN = "leadloop-bench-session";
}
