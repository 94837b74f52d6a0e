package sim

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"sync"
	"time"
)

// certs are a web's certificates: a CA its clients trust and a leaf it
// signed for every host name, and a leaf for UntrustedHost from a CA that
// nobody trusts.
type certs struct {
	roots     *x509.CertPool
	leaf      *tls.Certificate
	untrusted *tls.Certificate
}

// webCerts makes the certificates once per process: a key takes a moment
// to generate, and every web may share them.
var webCerts = sync.OnceValue(func() certs {
	ca, caKey := newCert(nil, nil, "fetchtest CA")
	other, otherKey := newCert(nil, nil, "untrusted CA")
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	return certs{
		roots:     roots,
		leaf:      leafCert(ca, caKey, "*."+Domain, Domain),
		untrusted: leafCert(other, otherKey, UntrustedHost),
	}
})

func leafCert(ca *x509.Certificate, caKey *ecdsa.PrivateKey, names ...string) *tls.Certificate {
	leaf, key := newCert(ca, caKey, names[0], names...)
	return &tls.Certificate{Certificate: [][]byte{leaf.Raw}, PrivateKey: key, Leaf: leaf}
}

// newCert makes a certificate for names signed by parent, or a CA if parent
// is nil. It is valid from 1999 to 2100, so that it is valid both in real
// time and in a synctest bubble, whose clock starts in 2000.
func newCert(parent *x509.Certificate, parentKey *ecdsa.PrivateKey, cn string, names ...string) (*x509.Certificate, *ecdsa.PrivateKey) {
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		panic(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		panic(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: cn},
		DNSNames:     names,
		NotBefore:    time.Date(1999, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2100, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	if parent == nil {
		tmpl.IsCA = true
		tmpl.BasicConstraintsValid = true
		tmpl.KeyUsage |= x509.KeyUsageCertSign
		tmpl.ExtKeyUsage = nil
		parent, parentKey = tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		panic(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		panic(err)
	}
	return cert, key
}
