package dev.agentsession.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@link org.springframework.transaction.PlatformTransactionManager} the JDBC store runs its
 * transactions on; it must manage the store's DataSource. Each store operation runs in a new transaction of it
 * ({@code REQUIRES_NEW}), never in the caller's. Without such a bean: on the application's own DataSource, the
 * store uses the application's single or {@code @Primary} transaction manager unless that one manages another
 * DataSource; on a DataSource qualified with {@link AgentSessionDataSource @AgentSessionDataSource}, or when the
 * application has no suitable transaction manager, a {@code DataSourceTransactionManager} of the store's
 * DataSource of its own, which it never publishes as a bean.
 */
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE, ElementType.ANNOTATION_TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface AgentSessionTransactionManager {

}
