package dev.agentsession;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import dev.agentsession.history.Compaction;
import dev.agentsession.history.CompactionPlan;
import dev.agentsession.history.CompactionPolicy;
import dev.agentsession.history.CompactionSettings;
import dev.agentsession.history.Summarizer;
import dev.agentsession.store.AppendCommand;
import dev.agentsession.store.SessionStore;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import org.springframework.session.SessionIdGenerator;

/**
 * Compaction for {@link DefaultSessionManager}: reads the session's context, lets a policy choose whole turns, asks
 * the summarizer (outside any store transaction) and appends the {@code COMPACTION} event at the version it read, so
 * that of two concurrent compactions only one is stored.
 */
final class SessionCompactor {

    private static final Log logger = LogFactory.getLog(SessionCompactor.class);

    /** The author of {@code COMPACTION} events. */
    private static final String AUTHOR = "system";

    private final SessionStore store;

    private final SessionIdGenerator idGenerator;

    private final SessionInput input;

    private final CompactionSettings settings;

    private final Supplier<Instant> now;

    private final Function<Instant, @Nullable Instant> expiry;

    private final Consumer<SessionEvent> sizeCheck;

    SessionCompactor(SessionStore store, SessionIdGenerator idGenerator, SessionInput input,
            CompactionSettings settings, Supplier<Instant> now, Function<Instant, @Nullable Instant> expiry,
            Consumer<SessionEvent> sizeCheck) {
        this.store = store;
        this.idGenerator = idGenerator;
        this.input = input;
        this.settings = settings;
        this.now = now;
        this.expiry = expiry;
        this.sizeCheck = sizeCheck;
    }

    /**
     * The summarizer and policy this compactor was made with, for a manager over other stores.
     */
    CompactionSettings settings() {
        return this.settings;
    }

    /**
     * The configured policy.
     * @throws IllegalStateException if there is none
     */
    CompactionPolicy policy() {
        CompactionPolicy policy = this.settings.policy();
        if (policy == null) {
            throw new IllegalStateException(
                    "No compaction policy is configured (agent.session.history.compaction.*): pass one to compact");
        }
        return policy;
    }

    /**
     * Compacts if the policy finds turns to compact.
     * @throws StaleSessionException if another write reached the session while the summary was written
     */
    Optional<Compaction> compact(SessionRef ref, CompactionPolicy policy) {
        Summarizer summarizer = this.settings.summarizer();
        if (summarizer == null) {
            throw new IllegalStateException("No Summarizer is configured: compaction needs one");
        }
        AgentSession session = this.store.find(ref, EventWindow.context(), this.now.get())
            .orElseThrow(() -> new SessionNotFoundException(ref));
        Optional<CompactionPlan> plan = CompactionPlan.of(session.events(), policy);
        if (plan.isEmpty()) {
            return Optional.empty();
        }
        String summary = summarizer.summarize(plan.get().events(), plan.get().previousSummary());
        if (summary == null) {
            throw new IllegalStateException("The Summarizer returned no summary");
        }
        Instant at = this.now.get();
        SessionEvent event = new SessionEvent(0, this.idGenerator.generate(), EventType.COMPACTION, AUTHOR,
                this.input.content(summary), Compaction.data(plan.get().fromSeq(), plan.get().toSeq(), plan.get().previousSeq(), summary),
                Map.of(), Map.of(), at);
        this.sizeCheck.accept(event);
        AgentSession stored = this.store
            .append(new AppendCommand(ref, List.of(event), session.version(), at, this.expiry.apply(at)));
        return Optional.of(Compaction.of(stored.events().get(0)));
    }

    /**
     * Compacts after an append when the configured policy says so. The append is stored whatever happens here:
     * a concurrent write (the next append compacts) or a failing summarizer is logged, not thrown.
     */
    void afterAppend(SessionRef ref) {
        CompactionPolicy policy = this.settings.policy();
        if (policy == null) {
            return;
        }
        try {
            compact(ref, policy);
        }
        catch (StaleSessionException | SessionNotFoundException | SessionArchivedException ex) {
            logger.debug("Session " + ref + " changed during its automatic compaction, left for the next append");
        }
        catch (RuntimeException ex) {
            // The class only: a summarizer's message may quote the conversation.
            logger.warn("Automatic compaction of session " + ref + " failed with " + ex.getClass().getName());
        }
    }
}
