/** Everything Xen-specific: catalogues, FLASK and ACM models and codecs, host loading. No Xtext here. */
package org.cordon.xsm;
