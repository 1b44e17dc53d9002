package io.leadloop.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The contract test layer. One adapter against the real engine it talks to (DynamoDB Local, the SES emulator, a
 * browser, the CloudFormation template), as its port promises. Run one layer with {@code mvn -B verify
 * -Dgroups=contract}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("contract")
public @interface Contract {}
