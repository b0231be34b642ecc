package dev.agentsession.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

/**
 * Counts the statements a {@link DataSource} sends to the database: each {@code execute*} call is one, and
 * a JDBC batch ({@code executeBatch}) is one round trip however many rows it carries.
 */
final class StatementCounter {

    private final AtomicLong statements = new AtomicLong();

    /**
     * The number of statements sent so far.
     */
    long count() {
        return this.statements.get();
    }

    /**
     * A data source that counts what goes through {@code target}.
     */
    DataSource counting(DataSource target) {
        return proxy(DataSource.class, target, (method, result) -> (result instanceof Connection connection)
                ? proxy(Connection.class, connection, this::wrapStatement) : result);
    }

    private Object wrapStatement(Method method, Object result) {
        if (result instanceof Statement statement) {
            Class<?> type = method.getReturnType();
            return proxy(type, statement, (call, value) -> {
                if (call.getName().startsWith("execute")) {
                    this.statements.incrementAndGet();
                }
                return value;
            });
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Object target, ResultWrapper wrapper) {
        InvocationHandler handler = (proxy, method, args) -> {
            try {
                return wrapper.wrap(method, method.invoke(target, args));
            }
            catch (InvocationTargetException ex) {
                throw ex.getCause();
            }
        };
        return (T) Proxy.newProxyInstance(StatementCounter.class.getClassLoader(), new Class<?>[] { type }, handler);
    }

    @FunctionalInterface
    private interface ResultWrapper {

        Object wrap(Method method, Object result);

    }
}
