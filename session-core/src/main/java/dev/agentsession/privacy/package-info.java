/**
 * Privacy operations on everything stored of one user: {@link dev.agentsession.privacy.UserDataManager} erases it
 * and exports it as JSON, across every app of a tenant, with the user's documents and the auth sessions of the
 * threads {@link dev.agentsession.privacy.UserThreads} maps to the user.
 */
@NullMarked
package dev.agentsession.privacy;

import org.jspecify.annotations.NullMarked;
