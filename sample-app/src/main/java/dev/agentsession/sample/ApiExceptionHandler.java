package dev.agentsession.sample;

import java.util.stream.Collectors;

import dev.agentsession.SessionNotFoundException;
import dev.agentsession.SessionRef;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Answers every bad request with 400 and an RFC 9457 problem body whose {@code detail} says what to change,
 * never with a 500. Spring MVC's own errors (a missing or mistyped parameter, an unsupported media type...)
 * keep the handling of {@link ResponseEntityExceptionHandler}; the two whose default detail says too little
 * (an unreadable body, a failed validation) are reworded here.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    /**
     * The library checks every id, limit and value before it writes and says which one is wrong.
     * @param ex the refused argument
     * @return 400 with the library's message
     */
    @ExceptionHandler(IllegalArgumentException.class)
    ProblemDetail badArgument(IllegalArgumentException ex) {
        return ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, String.valueOf(ex.getMessage()));
    }

    /**
     * A session that does not exist for this user (or belongs to another one).
     * @param ex the lookup that found nothing
     * @return 404 naming the session and user asked for
     */
    @ExceptionHandler(SessionNotFoundException.class)
    ProblemDetail sessionNotFound(SessionNotFoundException ex) {
        SessionRef ref = ex.getRef();
        String detail = (ref != null) ? "No session " + ref.sessionId() + " for user " + ref.userId()
                : String.valueOf(ex.getMessage());
        return ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleHttpMessageNotReadable(HttpMessageNotReadableException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail body = createProblemDetail(ex, status,
                "The request body is missing or is not valid JSON, e.g. {\"text\":\"Hello\"}", null, null, request);
        return handleExceptionInternal(ex, body, headers, status, request);
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String detail = ex.getBindingResult()
            .getFieldErrors()
            .stream()
            .map(ApiExceptionHandler::describe)
            .collect(Collectors.joining("; "));
        ex.getBody().setDetail(detail);
        return handleExceptionInternal(ex, ex.getBody(), headers, status, request);
    }

    private static String describe(FieldError error) {
        return error.getField() + " " + error.getDefaultMessage();
    }
}
