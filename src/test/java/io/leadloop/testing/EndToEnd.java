package io.leadloop.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The end-to-end test layer. Through a Lambda handler's AWS event types or the local runner, with the engines:
 * what a user or a sender sees. Run one layer with {@code mvn -B verify -Dgroups=end-to-end}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("end-to-end")
public @interface EndToEnd {}
