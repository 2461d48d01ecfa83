/**
 * The one verdict type of validation ({@link dev.tributary.validation.Verdict}: accept, ignore, orphan, or reject
 * with a reason and a penalty), shared by the chain, the DAG and the parts to come. Depends only on
 * {@code dev.tributary.bytes}.
 */
package dev.tributary.validation;
