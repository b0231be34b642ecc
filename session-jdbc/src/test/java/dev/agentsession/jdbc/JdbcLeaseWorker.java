package dev.agentsession.jdbc;

import java.time.Clock;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.agentsession.DefaultSessionManager;
import dev.agentsession.SessionSettings;
import dev.agentsession.TimeOrderedSessionIdGenerator;
import dev.agentsession.conformance.LeaseWorker;
import dev.agentsession.store.SessionCodec;

/**
 * The second node of {@link JdbcLeaseProcessTests}: a JDBC store over the same database and tables, run as a
 * {@link LeaseWorker}. Arguments: JDBC URL, user, password, table prefix, then the session's tenant, app, user and id.
 */
final class JdbcLeaseWorker {

    private JdbcLeaseWorker() {
    }

    public static void main(String[] args) throws Exception {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[0]);
        if (!args[1].isEmpty()) {
            config.setUsername(args[1]);
        }
        config.setPassword(args[2]);
        config.setMaximumPoolSize(8);
        try (HikariDataSource dataSource = new HikariDataSource(config)) {
            JdbcSessionStore store = new JdbcSessionStore(dataSource, new JdbcStoreSettings(args[3], null),
                    new SessionCodec());
            Clock clock = Clock.systemUTC();
            LeaseWorker.run(new DefaultSessionManager(store, store, new TimeOrderedSessionIdGenerator(clock), clock,
                    new SessionCodec(), SessionSettings.defaults()), LeaseWorker.ref(args, 4));
        }
    }
}
