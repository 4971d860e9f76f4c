package dutygraph;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Starts an embedded Neo4j Community with Bolt on 127.0.0.1:PORT and no auth, prints
 * "READY PORT" once it accepts work, and shuts down cleanly when stdin closes or on SIGTERM.
 *
 * Usage: java -cp target/classes:target/lib/* dutygraph.Neo4jLauncher PORT DATA_DIR [PAGECACHE_MB]
 */
public final class Neo4jLauncher {
    private Neo4jLauncher() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: Neo4jLauncher PORT DATA_DIR [PAGECACHE_MB]");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        Path dataDir = Path.of(args[1]);
        long pageCacheMb = args.length > 2 ? Long.parseLong(args[2]) : 64;

        DatabaseManagementService service = new DatabaseManagementServiceBuilder(dataDir)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(HttpConnector.enabled, false)
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMb))
                .build();
        Runtime.getRuntime().addShutdownHook(new Thread(service::shutdown));
        // Touch the default database so "READY" means queries will be answered.
        service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
        System.out.println("READY " + port);
        System.out.flush();

        // The parent holds our stdin; when it goes away (EOF), we go too.
        InputStream in = System.in;
        while (in.read() != -1) {
            // ignore input
        }
        System.exit(0);
    }
}
