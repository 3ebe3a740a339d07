// Starts DynamoDB Local (the jar in amplify-dynamodb-simulator) the way its own ServerRunner does, with two
// changes the command line cannot make: it listens on 127.0.0.1 only (the jar binds every interface), and it
// exits when its standard input closes, so it never outlives the local stack that started it, even one
// that was killed. Run in source-file mode: java -cp DynamoDBLocal.jar <this file> <DynamoDB Local options>.
import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.lang.reflect.Field;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

public class DynamoDbLocalOnLoopback {
  public static void main(String[] args) throws Exception {
    DynamoDBProxyServer proxy = ServerRunner.createServerFromCommandLineArgs(args);
    Field field = DynamoDBProxyServer.class.getDeclaredField("server");
    field.setAccessible(true);
    Server server = (Server) field.get(proxy);
    for (Connector connector : server.getConnectors()) {
      ((ServerConnector) connector).setHost("127.0.0.1");
    }

    Thread parentWatch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // The parent never writes; end of input means it has gone.
        }
      } catch (Exception ignored) {
        // A broken pipe means the same.
      }
      System.exit(0);
    }, "parent-watch");
    parentWatch.setDaemon(true);
    parentWatch.start();

    proxy.start();
    System.out.println("DynamoDB Local listening on 127.0.0.1");
  }
}
