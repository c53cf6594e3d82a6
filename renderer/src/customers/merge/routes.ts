import type { RouteRecordRaw } from 'vue-router'

/** Possible duplicates and the merge of two customers (issue 11), reached from the customer list. */
export const mergeRoutes: RouteRecordRaw[] = [
  {
    path: 'customers/duplicates',
    name: 'customer-duplicates',
    component: () => import('./DuplicatesView.vue'),
    meta: { title: 'Possible duplicates', section: 'customers' },
  },
  {
    path: 'customers/merge',
    name: 'customer-merge',
    component: () => import('./MergeView.vue'),
    props: (route) => ({ a: String(route.query.a ?? ''), b: String(route.query.b ?? '') }),
    meta: { title: 'Merge customers', section: 'customers', permission: 'merge_customers' },
  },
]
