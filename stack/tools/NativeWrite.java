// HBase's own ceiling for the benchmark: writes the rows the sink writes with HBase's Java client
// (a BufferedMutator, the way a Java sink would), no Thrift hop, no Kafka, no JSON. The bench
// compares the sink and the Thrift gateway loop with it, so the cost of the gateway is measured,
// not guessed. Rows come from a file the bench writes (all big-endian, as DataOutputStream):
//   int rows; per row: int keyLength, key; int cells; per cell: int n, family; int n, qualifier; int n, value
// Run with the local stack's HBase classpath:
//   java -cp <hbase classpath> NativeWrite.java <zk-quorum> <zk-port> <table> <rows-file> <timestamp-ms> [threads]
// Each of `threads` (default 4, as the gateway loop's 4 connections) writes its share of the rows
// through its own BufferedMutator on the one shared Connection, as a multi-threaded Java sink would.
// Prints the users per second, timed from the first mutate to the last flush acknowledged. The
// first tenth of the rows (at most 5,000) warms the JIT and the connection untimed, as a running
// sink is warm: a cold JVM would make the ceiling look lower than HBase is.
import java.io.*;
import java.util.*;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.*;

public class NativeWrite {
  private static byte[] read(DataInputStream in) throws IOException {
    byte[] bytes = new byte[in.readInt()];
    in.readFully(bytes);
    return bytes;
  }

  public static void main(String[] args) throws Exception {
    Configuration conf = HBaseConfiguration.create();
    conf.set("hbase.zookeeper.quorum", args[0]);
    conf.set("hbase.zookeeper.property.clientPort", args[1]);
    TableName table = TableName.valueOf(args[2]);
    long timestamp = Long.parseLong(args[4]);
    List<Put> puts = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(args[3]), 1 << 20))) {
      int rows = in.readInt();
      for (int r = 0; r < rows; r++) {
        Put put = new Put(read(in));
        int cells = in.readInt();
        for (int c = 0; c < cells; c++) put.addColumn(read(in), read(in), timestamp, read(in));
        puts.add(put);
      }
    }
    try (Connection connection = ConnectionFactory.createConnection(conf)) {
      // Warm the region location cache, as a running sink has, before the clock starts.
      try (RegionLocator locator = connection.getRegionLocator(table)) {
        locator.getAllRegionLocations();
      }
      int warm = Math.min(5000, puts.size() / 10);
      try (BufferedMutator mutator = connection.getBufferedMutator(new BufferedMutatorParams(table).writeBufferSize(4L << 20))) {
        mutator.mutate(puts.subList(0, warm));
        mutator.flush();
      }
      List<Put> timed = puts.subList(warm, puts.size());
      int threads = args.length > 5 ? Integer.parseInt(args[5]) : 4;
      int share = (timed.size() + threads - 1) / threads;
      List<Thread> workers = new ArrayList<>();
      List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
      long started = System.nanoTime();
      for (int t = 0; t < threads; t++) {
        List<Put> slice = timed.subList(Math.min(timed.size(), t * share), Math.min(timed.size(), (t + 1) * share));
        Thread worker = new Thread(() -> {
          try (BufferedMutator mutator = connection.getBufferedMutator(new BufferedMutatorParams(table).writeBufferSize(4L << 20))) {
            mutator.mutate(slice);
            mutator.flush();
          } catch (Throwable error) {
            failures.add(error);
          }
        });
        worker.start();
        workers.add(worker);
      }
      for (Thread worker : workers) worker.join();
      if (!failures.isEmpty()) throw new RuntimeException(failures.get(0));
      double seconds = (System.nanoTime() - started) / 1e9;
      System.out.println(Math.round(timed.size() / seconds));
    }
  }
}
