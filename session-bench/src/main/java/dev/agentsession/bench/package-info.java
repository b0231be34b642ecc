/**
 * JMH benchmarks of every backend and the report that prints them as one table.
 */
@NullMarked
package dev.agentsession.bench;

import org.jspecify.annotations.NullMarked;
