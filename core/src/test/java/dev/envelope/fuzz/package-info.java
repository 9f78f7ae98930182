/**
 * Fuzzing (issue 6 item 4; SECURITY.md #8): Jazzer {@code @FuzzTest} targets for the ASN.1 layer
 * ({@link dev.envelope.fuzz.Asn1FuzzTest}), the CMS decoder ({@link
 * dev.envelope.fuzz.CmsDecoderFuzzTest}) and the whole open path ({@link
 * dev.envelope.fuzz.OpenPathFuzzTest}), with the oracles in {@link dev.envelope.fuzz.Targets}, and
 * the dependency-free seeded {@link dev.envelope.fuzz.OpenPathMutationTest}.
 *
 * <p><b>In CI</b> ({@code ./mvnw verify}) the {@code *FuzzTest} classes run in their own surefire
 * execution ({@code fuzz-regression} in {@code core/pom.xml}) in regression mode: they replay the
 * committed corpus under {@code src/test/resources/dev/envelope/fuzz/<Class>Inputs/}, valid
 * messages of every kind made by {@link dev.envelope.fuzz.CorpusGenerator} plus every crash ever
 * found, and fail on any input that does not end in a declared outcome.
 *
 * <p><b>Real fuzzing</b>, locally, one target method at a time (Linux x86_64 or arm64, macOS,
 * Windows; JDK 21+), from the repository root:
 *
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -o -pl core test -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfuzz.test='OpenPathFuzzTest#decrypt' -Djazzer.max_duration=10m
 * </pre>
 *
 * <p>Other targets: {@code Asn1FuzzTest#derReader}, {@code Asn1FuzzTest#berInput}, {@code
 * CmsDecoderFuzzTest#decode}, {@code CmsDecoderFuzzTest#envelopeReader}, {@code
 * OpenPathFuzzTest#openDecrypting}. Without {@code -Djazzer.max_duration} each runs for the 5
 * minutes its annotation gives. Inputs that reach new code are kept in {@code core/.cifuzz-corpus/}
 * (not committed); a finding is written into the target's {@code Inputs} folder as {@code
 * crash-<sha1>} with its stack on the console: commit it, and it is replayed in CI from then on.
 */
package dev.envelope.fuzz;
