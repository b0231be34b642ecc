package dev.agentsession.autoconfigure;

import dev.agentsession.AgentSession;
import dev.agentsession.EventType;
import dev.agentsession.EventWindow;
import dev.agentsession.NewEvent;
import dev.agentsession.NewSession;
import dev.agentsession.SessionManager;
import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.history.Summarizer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The history wiring: {@code agent.session.history.compaction.*} with the application's {@link Summarizer} bean,
 * and the retention cleanup of {@code agent.session.history.retention}.
 */
class HistoryAutoConfigurationTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(AgentSessionAutoConfiguration.class));

    @Test
    void appendWhenMaxTurnsSetAndSummarizerBeanThenCompactsAfterTheAppend() {
        this.runner.withPropertyValues("agent.session.history.compaction.max-turns=1")
            .withBean(Summarizer.class, () -> (events, previous) -> "summary of " + events.size())
            .run((context) -> {
                SessionManager sessions = context.getBean(SessionManager.class);
                AgentSession session = sessions.create(NewSession.forUser("app", "ada"));
                sessions.append(session.ref(), NewEvent.message("user", "hi"), NewEvent.message("assistant", "hello"));
                sessions.append(session.ref(), NewEvent.message("user", "bye"));

                AgentSession read = sessions.get(session.ref(), EventWindow.context());
                assertThat(read.events()).extracting((event) -> event.type())
                    .containsExactly(EventType.COMPACTION, EventType.MESSAGE);
                assertThat(read.events().get(0).content()).isEqualTo("summary of 2");
            });
    }

    @Test
    void contextWhenPolicySetWithoutSummarizerThenFailsNamingTheProperty() {
        this.runner.withPropertyValues("agent.session.history.compaction.max-tokens=1000").run((context) -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("Summarizer");
            assertThat(context.getStartupFailure()).hasStackTraceContaining("agent.session.history.compaction");
        });
    }

    @Test
    void contextWhenRetentionSetThenCleanupRemovesCompactedEvents() {
        this.runner.withPropertyValues("agent.session.history.retention=1ms")
            .withBean(Summarizer.class, () -> (events, previous) -> "summary")
            .run((context) -> {
                assertThat(context).hasSingleBean(HistoryRetentionCleanup.class);
                SessionManager sessions = context.getBean(SessionManager.class);
                AgentSession session = sessions.create(NewSession.forUser("app", "ada"));
                sessions.append(session.ref(), NewEvent.message("user", "hi"), NewEvent.message("assistant", "hello"));
                sessions.append(session.ref(), NewEvent.message("user", "bye"));
                sessions.compact(session.ref(), CompactionPolicy.lastTurns(1)).orElseThrow();
                // Older than the retention of one millisecond.
                Thread.sleep(5);

                assertThat(context.getBean(HistoryRetentionCleanup.class).cleanUp()).isEqualTo(2);
                assertThat(sessions.get(session.ref(), EventWindow.all()).events()).hasSize(2);
            });
    }

    @Test
    void contextWhenRetentionCronInvalidThenFailsNamingTheProperty() {
        this.runner.withPropertyValues("agent.session.history.retention=30d",
                "agent.session.history.retention-cron=often")
            .run((context) -> {
                assertThat(context).hasFailed();
                assertThat(context.getStartupFailure()).hasStackTraceContaining("agent.session.history.retention-cron");
            });
    }

    @Test
    void contextWhenNoHistoryPropertiesThenNoCleanupAndCompactNeedsAPolicy() {
        this.runner.run((context) -> {
            assertThat(context).doesNotHaveBean(HistoryRetentionCleanup.class);
            SessionManager sessions = context.getBean(SessionManager.class);
            AgentSession session = sessions.create(NewSession.forUser("app", "ada"));
            assertThatIllegalStateException().isThrownBy(() -> sessions.compact(session.ref()));
        });
    }
}
