// plugincertcheck checks that a certificate + key produced by go-netrpc's AutoMTLS generator is
// accepted by Go's crypto/x509 and crypto/tls exactly as go-plugin uses them: the certificate is
// read from stdin (PEM certificate followed by the PEM EC private key), verified as its own root
// for both client and server auth with DNS name "localhost", then used on BOTH sides of an
// in-process mutual-TLS handshake configured like go-plugin's client.go/server.go.
// Prints "ok" and exits 0 on success; prints the error and exits 1 otherwise.
package main

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"net"
	"os"
)

func fail(format string, args ...any) {
	fmt.Printf(format+"\n", args...)
	os.Exit(1)
}

func main() {
	in, err := io.ReadAll(os.Stdin)
	if err != nil {
		fail("read: %v", err)
	}
	certBlock, rest := pem.Decode(in)
	if certBlock == nil || certBlock.Type != "CERTIFICATE" {
		fail("no CERTIFICATE block")
	}
	keyBlock, _ := pem.Decode(rest)
	if keyBlock == nil || keyBlock.Type != "EC PRIVATE KEY" {
		fail("no EC PRIVATE KEY block")
	}
	cert, err := x509.ParseCertificate(certBlock.Bytes)
	if err != nil {
		fail("parse: %v", err)
	}
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	for _, usage := range []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth, x509.ExtKeyUsageServerAuth} {
		if _, err := cert.Verify(x509.VerifyOptions{DNSName: "localhost", Roots: pool, KeyUsages: []x509.ExtKeyUsage{usage}}); err != nil {
			fail("verify usage %v: %v", usage, err)
		}
	}
	pair, err := tls.X509KeyPair(pem.EncodeToMemory(certBlock), pem.EncodeToMemory(keyBlock))
	if err != nil {
		fail("keypair: %v", err)
	}
	a, b := net.Pipe()
	serverCfg := &tls.Config{Certificates: []tls.Certificate{pair}, ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool, RootCAs: pool, MinVersion: tls.VersionTLS12, ServerName: "localhost"}
	clientCfg := &tls.Config{Certificates: []tls.Certificate{pair}, RootCAs: pool, MinVersion: tls.VersionTLS12, ServerName: "localhost"}
	errc := make(chan error, 1)
	go func() { errc <- tls.Server(a, serverCfg).Handshake() }()
	if err := tls.Client(b, clientCfg).Handshake(); err != nil {
		fail("tls client handshake: %v", err)
	}
	if err := <-errc; err != nil {
		fail("tls server handshake: %v", err)
	}
	fmt.Println("ok")
}
