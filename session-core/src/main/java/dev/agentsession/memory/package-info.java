/**
 * The in-memory store on Caffeine: the embedded default and the store of unit tests. Nothing survives a
 * restart.
 */
@NullMarked
package dev.agentsession.memory;

import org.jspecify.annotations.NullMarked;
