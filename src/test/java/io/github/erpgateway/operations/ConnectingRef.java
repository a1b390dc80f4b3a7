package io.github.erpgateway.operations;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInput;
import java.io.ObjectOutput;
import java.io.ObjectOutputStream;
import java.lang.reflect.Method;
import java.net.Socket;
import java.rmi.Remote;
import java.rmi.server.RemoteRef;
import java.util.Base64;

import javax.management.remote.rmi.RMIServerImpl_Stub;

/**
 * The reference inside a JMX stub whose bytes an attacker chose: deserializing it connects to a host and port. A
 * {@code service:jmx:rmi:///stub/<base64>} URL carries such bytes; whoever decodes it runs this code.
 */
@SuppressWarnings("deprecation") // RemoteRef's pre-Java-2 methods must be implemented
public class ConnectingRef implements RemoteRef {

    private String host;
    private int port;

    public ConnectingRef() {
    }

    private ConnectingRef(String host, int port) {
        this.host = host;
        this.port = port;
    }

    /** The base64 of a serialized RMIServer stub holding this reference, as a stub URL carries it. */
    static String stubTo(String host, int port) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(new RMIServerImpl_Stub(new ConnectingRef(host, port)));
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    @Override
    public void writeExternal(ObjectOutput out) throws IOException {
        out.writeUTF(host);
        out.writeInt(port);
    }

    @Override
    public void readExternal(ObjectInput in) throws IOException {
        host = in.readUTF();
        port = in.readInt();
        try (Socket ignored = new Socket(host, port)) {
            // connected: the listener counts it
        }
    }

    @Override
    public Object invoke(Remote obj, Method method, Object[] params, long opnum) throws IOException {
        throw new IOException("not a real stub");
    }

    @Override
    public java.rmi.server.RemoteCall newCall(java.rmi.server.RemoteObject obj, java.rmi.server.Operation[] op,
            int opnum, long hash) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void invoke(java.rmi.server.RemoteCall call) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void done(java.rmi.server.RemoteCall call) {
        throw new UnsupportedOperationException();
    }

    /** Null: the reference is written as an object, so that deserialization reads it back through readExternal. */
    @Override
    public String getRefClass(ObjectOutput out) {
        return null;
    }

    @Override
    public int remoteHashCode() {
        return port;
    }

    @Override
    public boolean remoteEquals(RemoteRef other) {
        return other == this;
    }

    @Override
    public String remoteToString() {
        return "ConnectingRef[" + host + ":" + port + "]";
    }
}
