package dev.agentsession.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of Agent Session, their keys and events, in the form Micrometer's documentation tooling
 * reads.
 */
public enum SessionObservationDocumentation implements ObservationDocumentation {

    /**
     * One {@code SessionManager}, {@code AuthSessionManager}, {@code UserDataManager} or document operation. With
     * Boot's {@code DefaultMeterObservationHandler} it becomes the timer {@code agent.session.operations} (tagged
     * with the low-cardinality keys and Micrometer's {@code error}), the long task timer
     * {@code agent.session.operations.active} and, per {@link Events#STALE} event, the counter
     * {@code agent.session.operations.stale}; with a tracer, a span named like {@code agent.session append}.
     */
    SESSION_OPERATION {

        @Override
        public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
            return DefaultSessionObservationConvention.class;
        }

        @Override
        public KeyName[] getLowCardinalityKeyNames() {
            return LowCardinalityKeyNames.values();
        }

        @Override
        public Observation.Event[] getEvents() {
            return Events.values();
        }

    };

    /**
     * The low-cardinality keys: closed sets of values, never an id or content.
     */
    public enum LowCardinalityKeyNames implements KeyName {

        /** The operation, such as {@code append}, {@code auth.put} or {@code document.save}. */
        OPERATION {

            @Override
            public String asString() {
                return "operation";
            }

        },

        /** The store type, such as {@code memory}, {@code jdbc} or {@code redis}. */
        STORE {

            @Override
            public String asString() {
                return "store";
            }

        },

        /**
         * How the operation ended, a {@link SessionOperationOutcome#value()}; added when it ends, so the long
         * task timer of running operations does not carry it.
         */
        OUTCOME {

            @Override
            public String asString() {
                return "outcome";
            }

        }

    }

    /**
     * Events an operation may signal before it ends.
     */
    public enum Events implements Observation.Event {

        /**
         * A write was refused because the session's version had moved on: a stale-version conflict. Counted
         * by Boot's {@code DefaultMeterObservationHandler} as {@code agent.session.operations.stale}, tagged
         * {@code operation} and {@code store}.
         */
        STALE {

            @Override
            public String getName() {
                return "stale";
            }

            @Override
            public String getContextualName() {
                return "stale version";
            }

        }

    }
}
