package dev.tributary.records.atom;

/**
 * An SData diagnosis ({@code sdata:diagnosis}, core 3.10): how bad, a code from the specification's list, the
 * application's own code, a message for people, and where in the payload. Null fields are not written.
 *
 * @param severity info, warning, transient, error or fatal
 * @param sdataCode e.g. {@code BadQueryParameter}, {@code ApplicationDiagnosis}
 * @param applicationCode Tributary's own code, e.g. {@code conflict}, {@code gap}
 * @param message what happened
 * @param payloadPath where in the payload, or null
 */
public record Diagnosis(String severity, String sdataCode, String applicationCode, String message, String payloadPath) {

    /** An error about the request. */
    public static Diagnosis error(String applicationCode, String message) {
        return new Diagnosis("error", "BadRequest", applicationCode, message, null);
    }
}
