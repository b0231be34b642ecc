package dev.agentsession.store;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.agentsession.SessionDataCorruptedException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What a store does with a record it cannot read while listing many (sessions, waits, auth sessions) or walking
 * them (archiving, cleanup): it skips that record, so that one corrupt record affects only its own session
 * (SPEC 3.5), and logs it once per store, at WARN, by what it is and the session it belongs to, never its content.
 */
public final class UnreadableRecords {

    private static final Log logger = LogFactory.getLog(UnreadableRecords.class);

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /**
     * Records a skipped record, logging it the first time.
     * @param operation what the store was doing, for example {@code "list sessions"}
     * @param ex why the record cannot be read
     */
    public void skipped(String operation, SessionDataCorruptedException ex) {
        if (this.reported.add(ex.getMessage()) && logger.isWarnEnabled()) {
            logger.warn(operation + " skipped a record it cannot read (it still reads as corrupted and can be "
                    + "deleted): " + ex.getMessage());
        }
    }
}
