package dev.agentsession.state;

import java.util.Locale;
import java.util.Objects;

import dev.agentsession.Identifiers;

/**
 * The namespace of a {@link ScopedStore} document. The same key in two scopes names two documents.
 *
 * @param kind the kind of scope
 * @param tenant the tenant
 * @param owner what the scope belongs to: empty for {@link Kind#GLOBAL}, the app for {@link Kind#AGENT},
 * the group for {@link Kind#SHARED}, the user for {@link Kind#USER}
 */
public record DocumentScope(Kind kind, String tenant, String owner) {

    /**
     * Checks the arguments.
     */
    public DocumentScope {
        Objects.requireNonNull(kind, "kind must not be null");
        Identifiers.requireValid("tenant", tenant);
        Objects.requireNonNull(owner, "owner must not be null");
        if (kind == Kind.GLOBAL) {
            if (!owner.isEmpty()) {
                throw new IllegalArgumentException("A GLOBAL scope has no owner, was '" + owner + "'");
            }
        }
        else {
            Identifiers.requireValid(kind.name().toLowerCase(Locale.ROOT) + " scope owner", owner);
        }
    }

    /**
     * Documents shared by the whole tenant.
     * @param tenant the tenant
     * @return the scope
     */
    public static DocumentScope global(String tenant) {
        return new DocumentScope(Kind.GLOBAL, tenant, "");
    }

    /**
     * Documents of one agent application.
     * @param tenant the tenant
     * @param app the app
     * @return the scope
     */
    public static DocumentScope agent(String tenant, String app) {
        return new DocumentScope(Kind.AGENT, tenant, app);
    }

    /**
     * Documents of a named group (of agents or users).
     * @param tenant the tenant
     * @param group the group
     * @return the scope
     */
    public static DocumentScope shared(String tenant, String group) {
        return new DocumentScope(Kind.SHARED, tenant, group);
    }

    /**
     * Documents of one user.
     * @param tenant the tenant
     * @param userId the user
     * @return the scope
     */
    public static DocumentScope user(String tenant, String userId) {
        return new DocumentScope(Kind.USER, tenant, userId);
    }

    /**
     * The kinds of document scope.
     */
    public enum Kind {

        /** Tenant-wide. */
        GLOBAL,

        /** Per agent application. */
        AGENT,

        /** Per named group. */
        SHARED,

        /** Per user. */
        USER
    }
}
