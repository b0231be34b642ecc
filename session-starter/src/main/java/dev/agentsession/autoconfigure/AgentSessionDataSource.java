package dev.agentsession.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@link javax.sql.DataSource} the JDBC store keeps its tables in, when the application has more
 * than one (like Spring Boot's {@code @FlywayDataSource} or {@code @BatchDataSource}). Without such a bean the
 * store uses the application's single or {@code @Primary} DataSource. With it, and without an
 * {@link AgentSessionTransactionManager @AgentSessionTransactionManager} bean, the store's transactions run on a
 * {@code DataSourceTransactionManager} of this DataSource of its own, never on the application's transaction
 * manager, which belongs to another DataSource.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface AgentSessionDataSource {

}
