import { cis, k8sDocs } from '../references.js';
import { roleCheckRule } from './lib/role-rule.js';

export default roleCheckRule(
  {
    id: 'rbac-workload-create',
    title: 'RBAC role can create pods or pod controllers',
    fires:
      'A Role or ClusterRole in the tree allows `create` on pods, replicationcontrollers, deployments, replicasets, statefulsets, daemonsets, jobs or cronjobs (directly or through `*`).',
    silent: 'Roles that only update, scale or read workloads.',
    assumes:
      'Whoever creates a pod chooses its ServiceAccount, volumes and security context within what admission allows.',
    rationale:
      'Creating a pod lets its author run any ServiceAccount of the namespace and mount its Secrets, so the role is worth as much as the strongest ServiceAccount there. The seed advice: least privilege for users and service accounts.',
    remediation:
      'Grant workload creation only to deployment pipelines and controllers that need it, and enforce Pod Security Admission in the namespace.',
    references: [
      cis('5.1.4', 'Minimize access to create pods'),
      k8sDocs('Kubernetes RBAC good practices: workload creation', 'concepts/security/rbac-good-practices/'),
    ],
    presets: ['recommended'],
    peers: {
      'kube-linter': ['access-to-create-pods'],
      kics: ['592ad21d-ad9b-46c6-8d2d-fad09d62a942'],
      kubescape: ['C-0188'],
      trivy: ['KSV-0048'],
    },
  },
  { advice: 'limit workload creation to the deploying identity' },
);
