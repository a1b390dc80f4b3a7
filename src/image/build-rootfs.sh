#!/usr/bin/env bash
# Builds the root file system of the registry-free container image (Maven profile "image", docs/deploy.md):
#   <out>/opt/java/openjdk   a JRE made with jlink from the JDK that runs the build
#   <out>/lib, <out>/usr/lib the shared libraries that JRE needs, from Debian packages (apt-get download + dpkg-deb -x)
#   <out>/etc                passwd/group naming the image's user, nsswitch.conf
# No container registry is needed: Maven Central, Debian's repository and the JDK are all it uses.
# Usage: build-rootfs.sh JAVA_HOME OUT_DIR
set -euo pipefail

java_home=$1
out=$2
work=$(dirname "$out")/image-debs
# the JDK's own modules plus the ones Spring, Camel, Artemis, Hawtio and Jolokia load (java.desktop: java.beans)
modules=java.base,java.compiler,java.datatransfer,java.desktop,java.instrument,java.logging,java.management,\
java.management.rmi,java.naming,java.net.http,java.prefs,java.rmi,java.scripting,java.security.jgss,\
java.security.sasl,java.sql,java.transaction.xa,java.xml,java.xml.crypto,jdk.charsets,jdk.crypto.cryptoki,\
jdk.crypto.ec,jdk.jfr,jdk.localedata,jdk.management,jdk.management.agent,jdk.naming.dns,jdk.net,\
jdk.security.auth,jdk.security.jgss,jdk.unsupported,jdk.zipfs
# what the JRE's native libraries link against (ldd of libjvm.so, bin/java, libzip.so); nothing else is loaded headless
packages=(libc6 libgcc-s1 libstdc++6 zlib1g)

[ -x "$java_home/bin/jlink" ] || { echo "build-rootfs: $java_home/bin/jlink is missing (a JDK is needed, not a JRE)" >&2; exit 1; }
[ -d "$java_home/jmods" ] || { echo "build-rootfs: $java_home/jmods is missing (Debian: apt-get install openjdk-17-jmods)" >&2; exit 1; }
command -v apt-get >/dev/null && command -v dpkg-deb >/dev/null \
    || { echo "build-rootfs: apt-get and dpkg-deb are needed to fetch the shared libraries from Debian" >&2; exit 1; }

rm -rf "$out" "$work"
mkdir -p "$out/opt/java" "$work"

"$java_home/bin/jlink" --add-modules "$modules" --output "$out/opt/java/openjdk" \
    --strip-debug --no-header-files --no-man-pages --compress=2

# apt-get download needs the package lists; as root refresh them once if they are missing (a fresh CI machine)
if ! (cd "$work" && apt-get download -q "${packages[@]}" >/dev/null 2>&1); then
    if [ "$(id -u)" -eq 0 ]; then
        apt-get update -qq
    fi
    (cd "$work" && apt-get download -q "${packages[@]}")
fi
for deb in "$work"/*.deb; do
    dpkg-deb -x "$deb" "$out"
done

# keep the libraries and the loader only
rm -rf "$out/usr/share" "$out/usr/lib/x86_64-linux-gnu/gconv" "$out/usr/lib/x86_64-linux-gnu/audit" \
       "$out/usr/libexec" "$out/sbin" "$out/usr/sbin" "$out/usr/bin" "$out/etc"
# the image builder copies files, not links: replace every symbolic link by a copy of what it points to
find "$out" -type l | while read -r link; do
    target=$(readlink "$link")
    case "$target" in
        /*) resolved="$out$target" ;;
        *) resolved="$(dirname "$link")/$target" ;;
    esac
    rm "$link"
    cp -L "$resolved" "$link"
done

mkdir -p "$out/etc" "$out/tmp"
# the image builder keeps no empty directory
echo "temporary files of the JVM, Vert.x and the management server" > "$out/tmp/.keep"
# uid/gid 65532 is the image's user (pom.xml, <container><user>); any other uid works too (docs/deploy.md)
printf 'root:x:0:0:root:/root:/sbin/nologin\ngateway:x:65532:65532:gateway:/app:/sbin/nologin\n' > "$out/etc/passwd"
printf 'root:x:0:\ngateway:x:65532:\n' > "$out/etc/group"
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$out/etc/nsswitch.conf"
echo "build-rootfs: $(du -sh "$out" | cut -f1) in $out (JRE from $java_home, ${packages[*]} from Debian)"
