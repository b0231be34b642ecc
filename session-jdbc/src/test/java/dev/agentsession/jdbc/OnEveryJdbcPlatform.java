package dev.agentsession.jdbc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs a test class once per {@link JdbcTestPlatform}, each time with a {@link JdbcTestDatabase} of its own as the
 * argument: the class opens it in a {@code @BeforeParameterizedClassInvocation} method, and JUnit closes it (drops
 * the schema, closes the pool) after the invocation.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ParameterizedClass(name = "{0}")
@MethodSource("dev.agentsession.jdbc.JdbcTestDatabase#onEveryPlatform")
@interface OnEveryJdbcPlatform {

}
