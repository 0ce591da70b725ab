import assert from 'node:assert/strict'
import {test} from 'node:test'
import {isClusterMode} from '../../src/sources/open.js'

test('cluster mode: a named context or kubeconfig; inside a pod, also no manifests at all', () => {
  const outside = {}
  const pod = {KUBERNETES_SERVICE_HOST: '10.96.0.1', KUBERNETES_SERVICE_PORT: '443'}
  assert.equal(isClusterMode({files: ['k8s/']}, outside), false)
  assert.equal(isClusterMode({}, outside), false, 'no input outside a pod is a usage error, not a cluster')
  assert.equal(isClusterMode({context: 'staging'}, outside), true)
  assert.equal(isClusterMode({kubeconfig: '/tmp/kc'}, outside), true)
  assert.equal(isClusterMode({}, pod), true, "inside a pod: the pod's service account")
  assert.equal(isClusterMode({files: []}, pod), true)
  assert.equal(isClusterMode({files: ['k8s/']}, pod), false, 'manifests given: files, even in a pod')
})
