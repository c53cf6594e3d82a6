import { ref } from 'vue'

/**
 * File → Export asks the customer list to open its Export dialog: set by the menu after it has
 * opened the list, taken (and cleared) by the list's Export button, however the list got there.
 */
export const exportRequested = ref(false)
