package dev.agentsession.redis;

/**
 * A field of a hash that the scripts write and Java reads: the one place a field is named is the enum
 * constant implementing this, from which {@link LuaPrelude} declares the Lua name the scripts use.
 */
interface HashField {

    /**
     * The field as stored in Redis: short, because every session and auth session repeats it.
     * @return the field
     */
    String field();
}
