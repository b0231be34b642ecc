package dev.agentsession.history;

import dev.agentsession.SessionEvent;
import tools.jackson.databind.JsonNode;

/**
 * Estimates how many tokens an event costs a model, for {@link CompactionPolicy#tokenBudget(long, TokenEstimator)}.
 * Plug in the model's tokenizer for exact counts.
 */
@FunctionalInterface
public interface TokenEstimator {

    /**
     * Estimates one event.
     * @param event the event
     * @return its tokens, not negative
     */
    long estimate(SessionEvent event);

    /**
     * The usual approximation of four characters per token, over the event's content and the JSON of its data.
     * @return the estimator
     */
    static TokenEstimator approximate() {
        return (event) -> {
            String content = event.content();
            JsonNode data = event.data();
            long chars = ((content != null) ? content.length() : 0) + ((data != null) ? data.toString().length() : 0);
            return (chars + 3) / 4;
        };
    }
}
