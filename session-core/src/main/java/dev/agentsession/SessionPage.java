package dev.agentsession;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One page of a listing.
 *
 * @param sessions the sessions, newest {@code updatedAt} first
 * @param nextPageToken the token that asks for the next page, or {@code null} on the last page
 */
public record SessionPage(List<SessionSummary> sessions, @Nullable String nextPageToken) {

    /**
     * Copies the list.
     */
    public SessionPage {
        sessions = List.copyOf(sessions);
    }

    /**
     * Whether another page follows.
     * @return {@code true} if {@link #nextPageToken()} is set
     */
    public boolean hasNext() {
        return this.nextPageToken != null;
    }
}
