/**
 * Databases as a node service and as the node's command line sees them: {@link dev.tributary.node.db.DbService}
 * (HTTP routes under {@code /db}, {@link dev.tributary.node.db.DbRoutes}), the JSON form of values
 * ({@link dev.tributary.node.db.DagJson}), the node's identity file ({@link dev.tributary.node.db.IdentityFile}) and
 * the operations both share ({@link dev.tributary.node.db.NodeDatabases}). Built on core's
 * {@link dev.tributary.oplog.db}.
 */
package dev.tributary.node.db;
