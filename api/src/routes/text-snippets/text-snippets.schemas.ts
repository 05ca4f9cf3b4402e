// The REST contract of /text-snippets: contracts/src/text-expanders.ts.
export {
  createSnippetBody,
  listSnippetsQuery,
  snippetIdParams,
  snippetListSchema,
  snippetSchema,
} from '@dictum/contracts/text-expanders';
