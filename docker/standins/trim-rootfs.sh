#!/bin/sh
# Trims a debootstrap'ed rootfs the way Debian's -slim images are trimmed: no docs, man pages,
# locales or package lists, and dpkg told to keep it that way.
set -eu
root="$1"
rm -rf "$root"/usr/share/doc/* "$root"/usr/share/man/* "$root"/usr/share/info/* "$root"/usr/share/locale/* \
  "$root"/usr/share/lintian "$root"/usr/share/linda \
  "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/cache/apt/archives/*.deb \
  "$root"/var/cache/debconf/*-old "$root"/var/lib/dpkg/*-old "$root"/var/log/*.log "$root"/var/log/apt/* \
  "$root"/tmp/* "$root"/root/.cache
mkdir -p "$root"/etc/dpkg/dpkg.cfg.d
cat > "$root"/etc/dpkg/dpkg.cfg.d/podlab-slim <<'CFG'
path-exclude /usr/share/doc/*
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
CFG
cat > "$root"/etc/apt/apt.conf.d/podlab-slim <<'CFG'
APT::Install-Recommends "false";
APT::Install-Suggests "false";
CFG
# A container gets its own; the build host's must not leak into the image.
: > "$root"/etc/resolv.conf
: > "$root"/etc/hostname
