/**
 * A runnable demo: a small deterministic agent whose sessions live in Agent Session.
 */
@NullMarked
package dev.agentsession.sample;

import org.jspecify.annotations.NullMarked;
