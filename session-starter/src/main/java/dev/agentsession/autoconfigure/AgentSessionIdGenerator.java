package dev.agentsession.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@link org.springframework.session.SessionIdGenerator} that gives new session and event ids. Without such a bean the starter uses a {@link dev.agentsession.TimeOrderedSessionIdGenerator} (UUIDv7) of its own, which it never publishes as a bean:
 * an unqualified bean of this shared type would be picked up by other libraries (Spring Session takes any
 * {@code SessionIdGenerator} bean for its HTTP session ids) or by the application.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface AgentSessionIdGenerator {

}
