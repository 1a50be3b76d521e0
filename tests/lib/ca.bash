# SPDX-License-Identifier: Apache-2.0
# A real organisation CA for the revocation tests (sourced, not run):
#   ca_make DIR            openssl ca in DIR: DIR/ca.pem (the anchor), a
#                          station identity DIR/station.key + station.pem
#                          (O=Test Clinic, CN=Station 7) it issued
#   ca_revoke_station DIR  revoke it (keyCompromise, now), DIR/crl.pem
ca_make() {
	local d=$1
	mkdir -p "$d/newcerts"
	: >"$d/index.txt"
	echo 1000 >"$d/serial"
	echo 01 >"$d/crlnumber"
	cat >"$d/openssl.cnf" <<-'CNF'
	[ ca ]
	default_ca = CA_default
	[ CA_default ]
	dir = .
	database = $dir/index.txt
	new_certs_dir = $dir/newcerts
	certificate = $dir/ca.pem
	private_key = $dir/ca.key
	serial = $dir/serial
	crlnumber = $dir/crlnumber
	default_md = sha256
	default_days = 365
	default_crl_days = 30
	policy = policy_org
	unique_subject = no
	[ policy_org ]
	organizationName = supplied
	commonName = supplied
	[ v3_ca ]
	basicConstraints = critical,CA:true
	keyUsage = critical, keyCertSign, cRLSign
	subjectKeyIdentifier = hash
	[ station ]
	basicConstraints = CA:false
	keyUsage = critical, digitalSignature, nonRepudiation
	subjectKeyIdentifier = hash
	authorityKeyIdentifier = keyid
	CNF
	(
		cd "$d"
		openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout ca.key -out ca.pem -subj "/O=Test Clinic/CN=Test Clinic CA" \
			-days 3650 -config openssl.cnf -extensions v3_ca 2>/dev/null
		openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
			-keyout station.key -out station.csr \
			-subj "/O=Test Clinic/CN=Station 7" 2>/dev/null
		openssl ca -batch -config openssl.cnf -extensions station \
			-in station.csr -out station.pem 2>/dev/null
	)
}

ca_revoke_station() {
	(cd "$1" && openssl ca -config openssl.cnf -revoke station.pem \
		-crl_reason keyCompromise 2>/dev/null &&
		openssl ca -config openssl.cnf -gencrl -out crl.pem 2>/dev/null)
}
