// For the benchmark's table settings: flushes a table, major-compacts it, and waits until every
// region serves at most one store file per family; prints the store files then served. (The
// Admin API reports sizes in whole MB only, so the bench reads the bytes from the region
// server's per-region JMX metrics afterwards.)
// Thrift1 has a majorCompact call but no flush, and a compaction leaves the memstore alone.
// Run with the local stack's HBase classpath:
//   java -cp <hbase classpath> CompactTable.java <zk-quorum> <zk-port> <table>
import java.util.*;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.*;
import org.apache.hadoop.hbase.client.*;

public class CompactTable {
  public static void main(String[] args) throws Exception {
    Configuration conf = HBaseConfiguration.create();
    conf.set("hbase.zookeeper.quorum", args[0]);
    conf.set("hbase.zookeeper.property.clientPort", args[1]);
    TableName table = TableName.valueOf(args[2]);
    try (Connection connection = ConnectionFactory.createConnection(conf); Admin admin = connection.getAdmin()) {
      int families = admin.getDescriptor(table).getColumnFamilyCount();
      admin.flush(table);
      admin.majorCompact(table);
      long deadline = System.currentTimeMillis() + 600_000;
      int settled = 0;
      while (true) {
        long files = 0;
        boolean oneEach = true;
        Set<ServerName> servers = new HashSet<>();
        try (RegionLocator locator = connection.getRegionLocator(table)) {
          for (HRegionLocation location : locator.getAllRegionLocations()) servers.add(location.getServerName());
        }
        for (ServerName server : servers) {
          for (RegionMetrics region : admin.getRegionMetrics(server, table)) {
            files += region.getStoreFileCount();
            if (region.getStoreFileCount() > families) oneEach = false;
          }
        }
        // The compaction runs in the background: done when no region has more files than
        // families and the state says so twice in a row (it can read NONE before it starts).
        settled = oneEach && admin.getCompactionState(table) == CompactionState.NONE ? settled + 1 : 0;
        if (settled >= 2) {
          System.out.println(files);
          return;
        }
        if (System.currentTimeMillis() > deadline) throw new RuntimeException("ERROR major compaction of " + table + " did not finish in 600 s");
        Thread.sleep(500);
      }
    }
  }
}
