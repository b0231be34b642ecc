package dev.agentsession.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@link java.time.Clock} Agent Session reads the time from. Without such a bean the starter uses {@code Clock.systemUTC()} of its own, which it never publishes as a bean:
 * an unqualified bean of this shared type would be picked up by other libraries (Spring Session takes any
 * {@code SessionIdGenerator} bean for its HTTP session ids) or by the application.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface AgentSessionClock {

}
