/**
 * Python value formats Swift's wire and disk formats inherit ({@code repr()} of str, bytes and
 * float), shared by {@code http}, the daemons and the recon cache. Depends on nothing else here.
 */
package io.swiftnode.python;
