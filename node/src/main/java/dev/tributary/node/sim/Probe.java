package dev.tributary.node.sim;

import dev.tributary.bytes.Hash;
import dev.tributary.node.NodeService;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * What a simulation needs of one kind of network: how its honest and hostile nodes are made, how a node mines, and
 * how a node's state is read and judged. Every method but {@link #recipe} and {@link #hostile} takes a running node
 * and runs on the simulation's thread (its engine thread).
 */
interface Probe {

    /** An honest node's services; {@code random} may choose among variants (a chain's sync mode, say). */
    SimNode.Recipe recipe(Random random);

    /** A hostile node's service, reporting what it forges to {@code ledger}. */
    NodeService.Factory hostile(Forgery.Ledger ledger);

    /** Mines one block on the node and announces it. */
    void mine(SimNode node);

    /** Equal for two nodes exactly when they hold the same chain (or DAG). */
    String tipKey(SimNode node);

    /** The node's tip as a failure report names it. */
    String describe(SimNode node);

    /** The node's tip line, as {@code tributary status} prints it. */
    String line(SimNode node);

    /**
     * How much the node holds, by the network's measure (a chain: its block tip's work; a DAG: its blocks): after
     * the heal, the node holding most mines the last block, so that one state is best.
     */
    java.math.BigInteger weight(SimNode node);

    /** How many blocks (headers) the node knows, genesis included. */
    long known(SimNode node);

    /** Why it is wrong that the node holds {@code hash} a hostile node forged, or empty when it does not hold it. */
    Optional<String> holdsForged(SimNode node, Hash hash, boolean validHeader);

    /** What is wrong with the node's store, one line each. */
    List<String> storeProblems(SimNode node);

    /** Which of the node's bounded collections is past its bound, one line each. */
    List<String> boundProblems(SimNode node);
}
