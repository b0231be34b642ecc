package dev.agentsession.autoconfigure;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import dev.agentsession.AgentSession;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.SessionRef;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application transaction on the same DataSource, with Boot's transaction manager, that creates a session,
 * appends to it and rolls back: the store committed both in transactions of its own, and the "session created"
 * event came after the store's commit, when another connection could already read the session.
 */
class JdbcOuterTransactionTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                DataSourceTransactionManagerAutoConfiguration.class, AgentSessionAutoConfiguration.class))
        .withUserConfiguration(CreatedEvents.class)
        .withPropertyValues("spring.datasource.url=jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1",
                "agent.session.store-type=jdbc", "agent.session.jdbc.cleanup-cron=-");

    @Test
    void createAndAppendWhenTheApplicationsTransactionRollsBackThenCommittedAndAnnouncedAfterTheCommit() {
        this.runner.run((context) -> {
            SessionManager sessions = context.getBean(SessionManager.class);
            TransactionTemplate application = new TransactionTemplate(
                    context.getBean(PlatformTransactionManager.class));

            SessionRef ref = application.execute((status) -> {
                SessionRef created = sessions.create(NewSession.forUser("app", "ada")).ref();
                sessions.append(created, NewEvent.message("user", "hello"));
                status.setRollbackOnly();
                return created;
            });

            AgentSession stored = sessions.get(ref, EventWindow.all());
            assertThat(stored.events()).extracting((event) -> event.content()).containsExactly("hello");
            assertThat(context.getBean(CreatedEvents.class).committedWhenAnnounced).containsExactly(true);
        });
    }

    /**
     * Records, for each "session created" event, whether another connection could read the session then.
     */
    @Configuration(proxyBeanMethods = false)
    static class CreatedEvents {

        final List<Boolean> committedWhenAnnounced = new CopyOnWriteArrayList<>();

        @Bean
        ApplicationListener<SessionCreatedLifecycleEvent> sessionCreatedListener(DataSource dataSource) {
            return (event) -> this.committedWhenAnnounced.add(visibleElsewhere(dataSource, event.getRef()));
        }

        /**
         * Reads on a connection of its own, outside any transaction of this thread, so that it sees only what
         * is committed.
         */
        private static boolean visibleElsewhere(DataSource dataSource, SessionRef ref) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement statement = connection
                        .prepareStatement("SELECT COUNT(*) FROM AGENT_SESSIONS WHERE SESSION_ID = ?")) {
                statement.setString(1, ref.sessionId());
                try (ResultSet rs = statement.executeQuery()) {
                    return rs.next() && rs.getInt(1) == 1;
                }
            }
            catch (SQLException ex) {
                throw new IllegalStateException(ex);
            }
        }

    }
}
