/**
 * Python value formats Swift's wire and disk formats inherit ({@code repr()} of str, bytes and
 * float; {@code int()} of a string), shared by {@code http}, {@code disk}, {@code config}, the daemons
 * and the recon cache. Depends on nothing else here.
 */
package io.swiftnode.python;
