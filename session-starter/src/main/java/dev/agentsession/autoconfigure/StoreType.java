package dev.agentsession.autoconfigure;

/**
 * The values of {@code agent.session.store-type}.
 */
public enum StoreType {

    /** In memory on Caffeine; lost on restart. */
    MEMORY,

    /** A relational database through the application's {@code DataSource}. */
    JDBC,

    /** Redis or Redis Cluster through the application's {@code RedisConnectionFactory}. */
    REDIS
}
