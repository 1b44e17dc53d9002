package io.leadloop.testing;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * The unit test layer. Pure logic: no engine, no process, no network; milliseconds. Run one layer with {@code mvn
 * -B verify -Dgroups=unit}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("unit")
public @interface Unit {}
