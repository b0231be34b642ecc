package dev.agentsession.autoconfigure;

import java.util.Locale;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Logs the store the application runs on, once, when its bean is created.
 */
final class StoreChoice {

    private static final Log logger = LogFactory.getLog(StoreChoice.class);

    private StoreChoice() {
    }

    static void log(AgentSessionProperties properties, StoreType chosen, String details) {
        String why = (properties.getStoreType() != null) ? StoreTypeCondition.PROPERTY + "="
                + chosen.name().toLowerCase(Locale.ROOT) : "detected: " + StoreTypeCondition.reason(chosen);
        logger.info("Agent Session store: " + chosen.name().toLowerCase(Locale.ROOT) + " (" + why + "); " + details);
    }
}
